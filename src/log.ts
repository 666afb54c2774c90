// The extension's log: a LogOutputChannel ("Agent Inspector" in the Output view) behind a redactor.
// Every line passes through redact() before it is written, so a token that reaches a message by
// accident (a URL, an error body, an Authorization header) never lands in the log.
import * as vscode from 'vscode';
import type { ProviderLog } from './providers';
import { redactMessage } from './providers/http/redact';

const PATTERNS: RegExp[] = [
  /(authorization\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi,
  /\bbearer\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\bpat_[A-Za-z0-9_-]+/g,
];

export class Logger implements ProviderLog, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  /** The last lines as written (after redaction); tests read them to prove no token leaked. */
  private readonly recent: string[] = [];

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Remember a secret so any later line containing it is redacted, whatever its shape. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    // Whole secrets, and any 8-character piece of one that some code cut off (redact.ts).
    let out = redactMessage(text, [...this.secrets]);
    for (const p of PATTERNS)
      out = out.replace(p, (m, prefix?: string) => (typeof prefix === 'string' && m.startsWith(prefix) ? `${prefix}***` : '***'));
    return out;
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void {
    const line = this.redact(message);
    this.recent.push(`[${level}] ${line}`);
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 2000);
    this.channel[level](line);
  }

  trace(m: string): void {
    this.write('trace', m);
  }
  debug(m: string): void {
    this.write('debug', m);
  }
  info(m: string): void {
    this.write('info', m);
  }
  warn(m: string): void {
    this.write('warn', m);
  }
  error(m: string | Error): void {
    this.write('error', m instanceof Error ? `${m.message}` : m);
  }

  lines(): string[] {
    return [...this.recent];
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
