/** Runs a bench script's main and exits with its code (0 when it returns nothing), or 1 with the error printed. */
export function runMain(main: () => Promise<number | void>) {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
