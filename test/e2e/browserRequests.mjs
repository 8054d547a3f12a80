// What the in-host suite can ask of the browser side (it cannot see the workbench's pixels or a webview's DOM):
//   {kind: 'screenshot', name}                 → saves docs/screenshots/<name>.png (the whole workbench)
//   {kind: 'webviewQuery', marker, script}     → runs `script` (a function body receiving `document`) in the webview
//                                                frame whose document contains `marker` (a CSS selector), returns
//                                                its JSON-serialisable result
//   {kind: 'pageQuery', script}                → the same in the workbench page itself (Test Explorer tree…)
//   {kind: 'keys', keys: ['Escape', …]}        → presses keys in the workbench
import { join } from 'node:path';

export async function handleRequest(page, req, { screenshots, debugDir }) {
  switch (req.kind) {
    case 'failureScreenshot': {
      const path = join(debugDir, `${String(req.name).replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
      await page.screenshot({ path });
      return { path };
    }
    case 'screenshot': {
      if (!screenshots) return { skipped: true };
      if (!/^[a-z0-9-]+$/.test(req.name)) throw new Error(`bad screenshot name ${req.name}`);
      await page.waitForTimeout(req.settleMs ?? 600); // let the workbench finish painting
      const path = join(screenshots, `${req.name}.png`);
      await page.screenshot({ path });
      return { path };
    }
    case 'webviewQuery': {
      const deadline = Date.now() + (req.timeoutMs ?? 20_000);
      while (Date.now() < deadline) {
        for (const frame of page.frames()) {
          try {
            if (await frame.$(req.marker)) {
              return await frame.evaluate(`(${req.script})(document)`);
            }
          } catch {
            /* frame navigated away or detached: try the next one */
          }
        }
        await page.waitForTimeout(250);
      }
      throw new Error(`no webview frame contains ${req.marker}`);
    }
    case 'pageQuery': {
      // The workbench itself (e.g. the Test Explorer tree): `script` receives the main document.
      return await page.evaluate(`(${req.script})(document)`);
    }
    case 'keys': {
      for (const k of req.keys) await page.keyboard.press(k);
      return {};
    }
    default:
      throw new Error(`unknown request kind ${req.kind}`);
  }
}
