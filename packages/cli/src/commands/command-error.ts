/** An operator mistake: printed as is, without a stack trace, with exit code 1. */
export class CommandError extends Error {}
