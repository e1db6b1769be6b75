import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Base64Helper } from './base64-helper';

afterEach(cleanup);

describe('Base64Helper', () => {
  it('builds the AUTH PLAIN string from \\0user\\0password, and decodes a server’s question', async () => {
    const user = userEvent.setup();
    render(<Base64Helper />);
    await user.type(screen.getByLabelText(/Text to encode/), '\\0learner\\0sandbox');
    expect(screen.getByLabelText('Base64')).toHaveProperty('value', 'AGxlYXJuZXIAc2FuZGJveA==');
    await user.type(screen.getByLabelText('Base64 to decode'), 'VXNlcm5hbWU6');
    expect(screen.getByLabelText('Decoded text')).toHaveProperty('value', 'Username:');
  });

  it('takes a whole server reply line, and says so', async () => {
    const user = userEvent.setup();
    render(<Base64Helper />);
    const field = screen.getByLabelText('Base64 to decode');
    expect(field.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/A whole reply line will do/)).toBeTruthy();
    await user.type(field, '334 VXNlcm5hbWU6');
    expect(screen.getByLabelText('Decoded text')).toHaveProperty('value', 'Username:');
  });

  it('says when the text to decode is not base64', async () => {
    const user = userEvent.setup();
    render(<Base64Helper />);
    await user.type(screen.getByLabelText('Base64 to decode'), 'hello!');
    expect(screen.getByLabelText('Base64 to decode').getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/^Not base64/)).toBeTruthy();
  });
});
