// Renders Adaptive Cards the Teams tests captured (target/teams-cards/*.json) to PNG: the
// `adaptivecards` renderer with Microsoft Teams' light host config and the Teams message frame
// of `adaptivecards-designer`, in headless Chromium (Debian's /usr/bin/chromium).
//
//   node render.mjs [--cards DIR] [--out DIR] [--only PREFIX] [--pick TEXT --to FILE]
//
// --cards  where the cards are (default ../../target/teams-cards)
// --out    where the PNGs go, one per card (default <cards>/png)
// --only   render only the cards whose file name starts with PREFIX (e.g. nl-actieleren)
// --pick   also write FILE from the first card (in file name order) whose first text starts with TEXT
import { readFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkg = (name, file) => join(dirname(require.resolve(`${name}/package.json`)), file);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const cardsDir = resolve(option('cards', join(here, '..', '..', 'target', 'teams-cards')));
const outDir = resolve(option('out', join(cardsDir, 'png')));
const only = option('only', '');
const pick = option('pick', null);
const pickTo = option('to', null);
if ((pick === null) !== (pickTo === null)) {
  console.error('--pick and --to go together: --pick "Stap 5 van 9" --to ../../docs/img/teams-step.png');
  process.exit(2);
}
if (!existsSync(cardsDir)) {
  console.error(`No cards in ${cardsDir}: run the card tests first (mvn -B test -Dtest=TeamsCardsTest).`);
  process.exit(1);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM).`);
  process.exit(1);
}

const files = readdirSync(cardsDir).filter((f) => f.endsWith('.json') && f.startsWith(only)).sort();
if (files.length === 0) {
  console.error(`No card files${only ? ` starting with ${only}` : ''} in ${cardsDir}.`);
  process.exit(1);
}

// Teams' own look: its host config and the designer's Teams message frame (light theme).
const hostConfig = JSON.parse(readFileSync(pkg('adaptivecards-designer', 'lib/hostConfigs/microsoft-teams-light.json'), 'utf8'));
const botLogo = readFileSync(pkg('adaptivecards-designer', 'dist/containers/bot-framework.png')).toString('base64');
const teamsCss = readFileSync(pkg('adaptivecards-designer', 'dist/containers/teams-container-light.css'), 'utf8')
  .replace(/url\(bot-framework\.png\)/g, `url(data:image/png;base64,${botLogo})`);

const page_html = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #F5F5F5; font-family: 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
  #host { display: inline-block; padding: 6px 6px 0 6px; }
  .teams-inner-frame { max-width: 480px; }
  .mention { color: #6264A7; font-weight: 600; }
</style></head><body><div id="host"></div></body></html>`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 600, height: 400 }, deviceScaleFactor: 2 });
  await page.setContent(page_html);
  await page.addStyleTag({ content: teamsCss });
  await page.addScriptTag({ path: pkg('markdown-it', 'dist/markdown-it.min.js') });
  await page.addScriptTag({ path: pkg('adaptivecards', 'dist/adaptivecards.min.js') });
  mkdirSync(outDir, { recursive: true });

  let picked = null;
  for (const file of files) {
    const card = JSON.parse(readFileSync(join(cardsDir, file), 'utf8'));
    const problem = await page.evaluate(({ card, hostConfig }) => {
      const md = window.markdownit({ html: false, linkify: false, breaks: false });
      // Teams shows <at>Name</at> (with its mention entity) as the name, highlighted.
      window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
        result.outputHtml = md.render(text).replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">$1</span>');
        result.didProcess = true;
      };
      const adaptive = new window.AdaptiveCards.AdaptiveCard();
      adaptive.hostConfig = new window.AdaptiveCards.HostConfig(hostConfig);
      adaptive.parse(card);
      const host = document.getElementById('host');
      host.innerHTML = `<div class="teams-frame"><div class="teams-hexagon-outer"><div class="teams-hexagon-inner">
        <div class="teams-bot-logo"></div></div></div><div class="teams-inner-frame">
        <div class="teams-botNameAndTime">Leerkring&nbsp;&nbsp;10:15</div><div class="teams-card" id="card"></div></div></div>`;
      const rendered = adaptive.render();
      if (!rendered) {
        return 'the renderer made nothing of it';
      }
      document.getElementById('card').appendChild(rendered);
      return null;
    }, { card, hostConfig });
    if (problem) {
      throw new Error(`${file}: ${problem}`);
    }
    const png = join(outDir, basename(file, '.json') + '.png');
    await page.locator('#host').screenshot({ path: png });
    const first = (card.body || []).find((b) => b.type === 'TextBlock');
    if (pick && !picked && first && first.text.startsWith(pick)) {
      picked = file;
      mkdirSync(dirname(resolve(pickTo)), { recursive: true });
      await page.locator('#host').screenshot({ path: resolve(pickTo) });
    }
  }
  console.log(`${files.length} cards rendered to ${outDir}`);
  if (pick) {
    if (!picked) {
      console.error(`No card starts with "${pick}".`);
      process.exitCode = 1;
    } else {
      console.log(`${picked} -> ${resolve(pickTo)}`);
    }
  }
} finally {
  await browser.close();
}
