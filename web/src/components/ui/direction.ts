import { cva } from 'class-variance-authority';

/**
 * Client lines red, server lines blue (Wireshark's convention), defined once. Colour is
 * never the only cue: every line is also marked C: or S:.
 */
export const directionText = cva('', {
  variants: {
    direction: {
      client: 'text-red-700 dark:text-red-400',
      server: 'text-blue-700 dark:text-blue-300',
    },
  },
});

export const DIRECTION_MARK = { client: 'C:', server: 'S:' } as const;
export const DIRECTION_NAME = { client: 'Client', server: 'Server' } as const;
