/**
 * What a WeChat build needs before it may be uploaded for review. A release build (`npm run build:weapp:release`,
 * i.e. WEAPP_RELEASE=1) refuses to start without them; a local build only warns, so `npm run build:weapp` keeps
 * working against the local API in WeChat DevTools.
 */
export interface WeappBuildCheck {
  release: boolean;
  errors: string[];
  warnings: string[];
}

/** AppIDs of mini-programs: "wx" and 16 hex digits (WeChat MP console → 开发管理 → 开发设置). */
const APPID = /^wx[0-9a-f]{16}$/;

export function checkWeappBuild(env: Record<string, string | undefined>): WeappBuildCheck {
  const release = env.WEAPP_RELEASE === '1' || env.WEAPP_RELEASE === 'true';
  const problems: string[] = [];
  const appid = env.WEAPP_APPID ?? '';
  const api = env.TARO_APP_API_BASE ?? '';
  if (!APPID.test(appid)) {
    problems.push(
      appid
        ? `WEAPP_APPID "${appid}" is not a mini-program AppID (wx followed by 16 hex digits).`
        : 'WEAPP_APPID is not set: the package would carry the tourist AppID (touristappid), which cannot be uploaded.',
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(api);
  } catch {
    url = undefined;
  }
  if (!url) {
    problems.push(api ? `TARO_APP_API_BASE "${api}" is not a URL.` : 'TARO_APP_API_BASE is not set: the package would call http://127.0.0.1:3000.');
  } else if (url.protocol !== 'https:') {
    problems.push(`TARO_APP_API_BASE must be https (WeChat calls only https request domains listed in the MP console); got ${api}.`);
  } else if (/^(localhost|127\.|0\.0\.0\.0|\[::1\])/.test(url.hostname)) {
    problems.push(`TARO_APP_API_BASE points at this machine (${url.hostname}); use the API's public domain.`);
  }
  return release ? { release, errors: problems, warnings: [] } : { release, errors: [], warnings: problems };
}

export function releaseErrorMessage(errors: string[]): string {
  return [
    'Release build of the WeChat package refused:',
    ...errors.map((e) => `  - ${e}`),
    'Set them, e.g. WEAPP_APPID=wx0123456789abcdef TARO_APP_API_BASE=https://api.example.com npm run build:weapp:release',
    '(docs/wechat-release.md lists every console setting). For a local build use npm run build:weapp.',
  ].join('\n');
}
