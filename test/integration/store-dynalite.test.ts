import { embeddedStorage } from "../setup/storage";
import { storeContract } from "./store-contract";

storeContract("dynalite (embedded)", embeddedStorage);
