// The browser the tests' Playwright drives where Debian's chromium is absent: npm's
// @sparticuz/chromium carries a headless Chromium build in the package and extracts it to the
// temporary directory on first use (no download, no apt). Prints how to launch it as JSON:
// {"executablePath", "args", "fontconfigPath"} (the fonts that came with it, for text to render).
import chromium from '@sparticuz/chromium';

const executablePath = await chromium.executablePath();
console.log(JSON.stringify({ executablePath, args: chromium.args, fontconfigPath: process.env.FONTCONFIG_PATH ?? null }));
