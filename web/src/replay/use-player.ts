import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import { Player } from "./player";

export interface PlayerState {
  player: RefObject<Player | null>;
  /** The first frame is drawn. */
  ready: boolean;
  progress: { loaded: number; done: boolean };
  /** ms into the recording, as the player reports it (about ten updates a second). */
  time: number;
  playing: boolean;
  speed: number;
  skipInactive: boolean;
  togglePlay(): void;
  pause(): void;
  seek(t: number): void;
  setSpeed(speed: number): void;
  setSkipInactive(skip: boolean): void;
}

/**
 * The Player for one session in `stage`, from the moment the view mounts (the recording loads
 * beside the session's details), with the state the controls and timeline show.
 */
export function usePlayer(
  api: ApiClient,
  sessionId: string,
  stage: RefObject<HTMLDivElement | null>,
  startAt: number,
  onError: (err: Error) => void,
): PlayerState {
  const player = useRef<Player | null>(null);
  const [ready, setReady] = useState(false);
  const [progress, setProgress] = useState({ loaded: 0, done: false });
  const [time, setTime] = useState(startAt);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeedState] = useState(1);
  const [skipInactive, setSkipState] = useState(true);
  const errorRef = useRef(onError);
  errorRef.current = onError;

  // A new player only for a new session.
  useEffect(() => {
    if (!stage.current) return;
    setReady(false);
    setProgress({ loaded: 0, done: false });
    const p = new Player(stage.current, api, sessionId, {
      onFirstFrame: () => setReady(true),
      onProgress: (loaded, done) => setProgress({ loaded, done }),
      onFinish: () => setPlaying(false),
    });
    player.current = p;
    p.open(startAt).catch((err: Error) => errorRef.current(err));
    setTime(startAt);
    let raf = 0;
    let shown = startAt;
    const tick = () => {
      const t = p.currentTime();
      if (Math.abs(t - shown) >= 100 || (t !== shown && !p.isPlaying)) {
        shown = t;
        setTime(t);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      p.destroy();
      player.current = null;
    };
  }, [api, sessionId]);

  return {
    player,
    ready,
    progress,
    time,
    playing,
    speed,
    skipInactive,
    togglePlay() {
      const p = player.current;
      if (!p) return;
      p.toggle();
      setPlaying(p.isPlaying);
    },
    pause() {
      player.current?.pause();
      setPlaying(false);
    },
    seek(t: number) {
      player.current?.seek(t);
    },
    setSpeed(v: number) {
      setSpeedState(v);
      player.current?.setSpeed(v);
    },
    setSkipInactive(v: boolean) {
      setSkipState(v);
      player.current?.setSkipInactive(v);
    },
  };
}
