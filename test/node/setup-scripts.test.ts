import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDevVars, parseDevVars } from '../../scripts/dev-vars.ts';
import { demoSeedSql, renderSql } from '../../scripts/seed-sql.ts';

describe('ensureDevVars', () => {
  it('creates .dev.vars with a fresh random value per secret, private to the user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptj-devvars-'));
    writeFileSync(
      join(dir, '.dev.vars.example'),
      '# comment\nADMIN_TOKEN=change-me\nOTHER_KEY=change-me\n',
    );
    const vars = ensureDevVars(dir);
    expect(Object.keys(vars)).toEqual(['ADMIN_TOKEN', 'OTHER_KEY']);
    expect(vars.ADMIN_TOKEN).not.toBe('change-me');
    expect(Buffer.from(vars.ADMIN_TOKEN!, 'base64')).toHaveLength(32);
    expect(vars.ADMIN_TOKEN).not.toBe(vars.OTHER_KEY);
    expect(statSync(join(dir, '.dev.vars')).mode & 0o077).toBe(0);
  });

  it('never overwrites an existing .dev.vars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptj-devvars-'));
    writeFileSync(join(dir, '.dev.vars.example'), 'ADMIN_TOKEN=change-me\n');
    writeFileSync(join(dir, '.dev.vars'), 'ADMIN_TOKEN=mine\n');
    expect(ensureDevVars(dir)).toEqual({ ADMIN_TOKEN: 'mine' });
    expect(readFileSync(join(dir, '.dev.vars'), 'utf8')).toBe('ADMIN_TOKEN=mine\n');
  });

  it('appends a secret the example gained since, keeping existing values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptj-devvars-'));
    writeFileSync(
      join(dir, '.dev.vars.example'),
      'ADMIN_TOKEN=change-me\nWEBHOOK_SECRET_KEY=change-me\n',
    );
    writeFileSync(join(dir, '.dev.vars'), 'ADMIN_TOKEN=mine');
    const vars = ensureDevVars(dir);
    expect(vars.ADMIN_TOKEN).toBe('mine');
    expect(Buffer.from(vars.WEBHOOK_SECRET_KEY!, 'base64')).toHaveLength(32);
    expect(ensureDevVars(dir)).toEqual(vars);
  });

  it('appends local settings with their given value, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptj-devvars-'));
    writeFileSync(join(dir, '.dev.vars.example'), 'ADMIN_TOKEN=change-me\n');
    const vars = ensureDevVars(dir, { NOTIFY_ALLOW_LOCAL_HTTP: 'true' });
    expect(vars.NOTIFY_ALLOW_LOCAL_HTTP).toBe('true');
    writeFileSync(join(dir, '.dev.vars'), 'ADMIN_TOKEN=x\nNOTIFY_ALLOW_LOCAL_HTTP=false\n');
    expect(ensureDevVars(dir, { NOTIFY_ALLOW_LOCAL_HTTP: 'true' })).toEqual({
      ADMIN_TOKEN: 'x',
      NOTIFY_ALLOW_LOCAL_HTTP: 'false',
    });
  });

  it('parses KEY=value lines and ignores comments', () => {
    expect(parseDevVars('# x\nA=1\nB=a=b\n')).toEqual({ A: '1', B: 'a=b' });
  });
});

describe('seed SQL rendering', () => {
  it('inlines parameters as escaped literals', () => {
    const sql = renderSql([
      { sql: 'INSERT INTO t VALUES (?, ?, ?, ?)', params: ["O'Brien", 42, null, true] },
    ]);
    expect(sql).toBe("INSERT INTO t VALUES ('O''Brien', 42, NULL, 1);");
  });

  it('refuses a statement whose placeholders and parameters disagree', () => {
    expect(() => renderSql([{ sql: 'SELECT ?', params: [] }])).toThrow(/placeholders/);
  });

  it('renders the demo tenant idempotently (every insert keeps existing rows)', () => {
    const statements = demoSeedSql().split(';\n');
    expect(statements.length).toBeGreaterThan(10);
    expect(statements.every((s) => /ON CONFLICT .* DO NOTHING;?$/s.test(s.trim()))).toBe(true);
    expect(demoSeedSql()).toContain("'Desert Peak Heating & Air'");
  });
});
