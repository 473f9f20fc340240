import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

type Color = Parameters<typeof styleText>[0];

const pretty = prettyFactory({
  colorize: process.stdout.isTTY,
  translateTime: 'HH:MM:ss.l',
  ignore: 'pid,hostname',
  singleLine: true,
});

/**
 * Prints a process's output lines prefixed with its name, pino JSON lines
 * pretty-printed, so that the logs of all processes read well together.
 */
export function prefixedOutput(name: string, color: Color): (line: string) => void {
  const prefix = styleText(color, `[${name}]`.padEnd(9));
  return (line) => {
    const text = line.startsWith('{') ? pretty(line).trimEnd() : line;
    process.stdout.write(`${prefix} ${text}\n`);
  };
}
