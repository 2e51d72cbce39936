/** A fresh `node` doing nothing: what the cold-initialisation measurement subtracts from bench/cold-start.ts. */
export {};
