/** How a development-mode compiler run ended (a thread or a child process): its log and whether it passed its deadline. */
export interface CompilerRun {
  ok: boolean;
  text: string;
  timedOut: boolean;
}
