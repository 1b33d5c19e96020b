/** A command as a user would type it in a POSIX shell, for "Copy command". Never holds a secret. */

const PLAIN_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(argument: string): string {
  if (PLAIN_ARGUMENT.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(program: string, args: readonly string[]): string {
  return [program, ...args].map(shellQuote).join(' ');
}
