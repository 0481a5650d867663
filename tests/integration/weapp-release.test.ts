import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWeappBuild } from '../../miniapp/config/release';

/**
 * The WeChat package that goes to review: a release build refuses to start without a real AppID and an https API,
 * and what it produces passes WeChat's own `miniprogram-ci` checkCodeQuality (which runs offline) and carries the
 * privacy check and lazy component loading.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const OUT = mkdtempSync(join(tmpdir(), 'ripple-weapp-release-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function buildWeappRelease(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build:weapp:release'], {
      cwd: ROOT,
      env: { ...process.env, WEAPP_APPID: '', TARO_APP_API_BASE: '', RIPPLE_OUTPUT_ROOT: OUT, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

describe('release weapp build', () => {
  it('names what is missing: AppID, an https API address that is not this machine', () => {
    expect(checkWeappBuild({ WEAPP_RELEASE: '1' }).errors).toEqual([expect.stringContaining('WEAPP_APPID is not set'), expect.stringContaining('TARO_APP_API_BASE is not set')]);
    expect(checkWeappBuild({ WEAPP_RELEASE: '1', WEAPP_APPID: 'touristappid', TARO_APP_API_BASE: 'http://api.example.com' }).errors).toEqual([
      expect.stringContaining('not a mini-program AppID'),
      expect.stringContaining('must be https'),
    ]);
    expect(checkWeappBuild({ WEAPP_RELEASE: '1', WEAPP_APPID: 'wx0123456789abcdef', TARO_APP_API_BASE: 'https://127.0.0.1:3000' }).errors).toEqual([
      expect.stringContaining('points at this machine'),
    ]);
    expect(checkWeappBuild({ WEAPP_RELEASE: '1', WEAPP_APPID: 'wx0123456789abcdef', TARO_APP_API_BASE: 'https://api.example.com' }).errors).toEqual([]);
    // A local build only warns.
    const local = checkWeappBuild({});
    expect(local.errors).toEqual([]);
    expect(local.warnings).toHaveLength(2);
  });

  it('refuses to build for release with the tourist AppID and the local http API', async () => {
    const { code, output } = await buildWeappRelease({ TARO_APP_API_BASE: 'http://127.0.0.1:3000' });
    expect(code).not.toBe(0);
    expect(output).toContain('Release build of the WeChat package refused');
    expect(output).toContain('WEAPP_APPID is not set');
    expect(output).toContain('TARO_APP_API_BASE must be https');
    expect(() => statSync(join(OUT, 'app.json'))).toThrow();
  }, 180_000);

  it('builds with an AppID and an https API, and passes miniprogram-ci checkCodeQuality offline', async () => {
    const appid = 'wx0123456789abcdef';
    const { code, output } = await buildWeappRelease({ WEAPP_APPID: appid, TARO_APP_API_BASE: 'https://api.ripple.example.cn' });
    expect(code, output.slice(-3000)).toBe(0);

    const app = JSON.parse(readFileSync(join(OUT, 'app.json'), 'utf8'));
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.__usePrivacyCheck__).toBe(true);
    const project = JSON.parse(readFileSync(join(OUT, 'project.config.json'), 'utf8'));
    expect(project.appid).toBe(appid);
    const js = files(OUT).filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(js).toContain('https://api.ripple.example.cn');
    expect(js).not.toContain('127.0.0.1');
    // The privacy popup is wired to WeChat's hook, and the self-test export no longer uses the clipboard.
    expect(js).toContain('onNeedPrivacyAuthorization');
    expect(js).toContain('shareFileMessage');
    // WXML minified: no indentation left in the shared template.
    expect(readFileSync(join(OUT, 'base.wxml'), 'utf8')).not.toMatch(/\n\s+</);

    // WeChat's own quality check, offline: a throwaway key and the AppID (nothing is uploaded).
    const keyFile = join(OUT, '..', `ripple-ci-${process.pid}.key`);
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
    try {
      const require = createRequire(import.meta.url);
      const ci = require('miniprogram-ci');
      const { checkCodeQuality } = require('miniprogram-ci/dist/ci/checkCodeQuality');
      const ciProject = new ci.Project({ appid, type: 'miniProgram', projectPath: OUT, privateKeyPath: keyFile, ignores: ['node_modules/**/*'] });
      const results: { name: string; success: boolean; text: string }[] = await checkCodeQuality(ciProject);
      expect(results.length).toBeGreaterThan(5);
      expect(results.filter((r) => !r.success).map((r) => `${r.name}: ${r.text}`)).toEqual([]);
    } finally {
      rmSync(keyFile, { force: true });
    }
  }, 300_000);
});
