import { dynamoDbLocal } from "../setup/storage";
import { storeContract } from "./store-contract";

storeContract("AWS DynamoDB Local", dynamoDbLocal);
