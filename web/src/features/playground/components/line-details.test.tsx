import { encodeText } from '@smtp-playground/shared';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { LineDetails } from './line-details';

const select = (text: string) => {
  const line = useTranscriptStore.getState().lines.find((l) => l.text === text);
  act(() => useTranscriptStore.getState().lineSelected(line?.id ?? null));
};

beforeEach(() => {
  const t = useTranscriptStore.getState();
  t.historyCleared();
  t.sessionStarted();
  t.bytesReceived(encodeText('220 mx.test ESMTP\r\n'));
  t.bytesSent(encodeText('HELO client.test\r\n'));
  t.bytesReceived(encodeText('250 mx.test\r\n'));
  t.bytesSent(encodeText('RCPT TO:<a@b.test>\r\n'));
  t.bytesReceived(encodeText('503 5.5.1 Error: need MAIL command\r\n'));
  t.bytesSent(encodeText('MAIL FROM a@b.test\r\n'));
  t.bytesReceived(encodeText('501 5.5.4 Syntax: MAIL FROM:<address>\r\n'));
  t.bytesSent(encodeText('DATA\r\n'));
  t.bytesReceived(encodeText('599 7.7.7 never heard of\r\n'));
});
afterEach(cleanup);

describe('LineDetails', () => {
  it('links a reply to its catalogue entry', () => {
    render(<LineDetails />);
    select('503 5.5.1 Error: need MAIL command');
    expect(screen.getByRole('link', { name: /^In the reference/ }).getAttribute('href')).toBe('#/reference/R503_NEED_MAIL');
  });

  it('links a command, even a malformed one, to its verb', () => {
    render(<LineDetails />);
    select('RCPT TO:<a@b.test>');
    expect(screen.getByRole('link', { name: /^In the reference/ }).getAttribute('href')).toBe('#/reference/RCPT');
    select('MAIL FROM a@b.test');
    expect(screen.getByText(/^Malformed:/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /^In the reference/ }).getAttribute('href')).toBe('#/reference/MAIL');
  });

  it('offers no link for a reply the reference does not know', () => {
    render(<LineDetails />);
    select('599 7.7.7 never heard of');
    expect(screen.getByRole('region', { name: 'Line explanation' })).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });
});
