import type { BlockCollector } from "./block-collector";

/** A run of text as pdf.js reports it, in PDF user space (y grows upwards). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size: the vertical scale of the item's transform. */
  size: number;
  hasEOL: boolean;
}

export interface PdfLine {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  /** The font size most of the line's characters have. */
  size: number;
}

export interface PdfPageLines {
  page: number;
  /** Bottom and top of the page box, to tell running headers and footers. */
  bottom: number;
  top: number;
  lines: PdfLine[];
}

/** Headings longer than this are large print, not headings. */
const MAX_HEADING_CHARACTERS = 200;
const BULLET = /^[•◦▪▫■□●○◆◇►▸‣⁃–—*·-]\s/u;

const roundSize = (size: number) => Math.round(size * 2) / 2;

/**
 * Rebuilds the lines of a page from pdf.js items (kept in content-stream order, which follows
 * reading order in well-made PDFs): items on one baseline join, with a space where there is a gap.
 */
export function pageLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = "";
  let y = 0;
  let x = 0;
  let endX = 0;
  let size = 0;
  let sizes = new Map<number, number>();
  const close = () => {
    const trimmed = text.replace(/\s+/g, " ").trim();
    if (trimmed !== "") {
      let best = size;
      let bestCount = -1;
      for (const [s, count] of sizes) if (count > bestCount) [best, bestCount] = [s, count];
      lines.push({ text: trimmed, x, y, size: best });
    }
    text = "";
    sizes = new Map();
  };
  for (const item of items) {
    if (item.str.trim() === "") {
      if (text !== "" && item.str !== "") text += " ";
      if (item.hasEOL) close();
      continue;
    }
    const itemSize = item.size > 0 ? item.size : 1;
    if (text !== "" && Math.abs(item.y - y) > Math.max(size, itemSize) * 0.4) close();
    if (text === "") {
      x = item.x;
      y = item.y;
      size = itemSize;
    } else {
      const gap = item.x - endX;
      const spaced = /\s$/.test(text) || /^\s/.test(item.str);
      if (!spaced && (gap > itemSize * 0.15 || gap < -itemSize)) text += " ";
    }
    text += item.str;
    endX = item.x + item.width;
    const rounded = roundSize(itemSize);
    sizes.set(rounded, (sizes.get(rounded) ?? 0) + item.str.length);
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

/**
 * The keys a margin line is matched by across pages: its text, and its text with the page
 * number blanked ("Page 3 of 40" and "Page 4 of 40" are the same running footer).
 */
function runningKeys(line: PdfLine, page: number): string[] {
  const y = Math.round(line.y);
  const text = line.text.toLowerCase();
  const withoutNumber = text.replace(new RegExp(`(?<!\\d)${page}(?!\\d)`, "g"), "#");
  return withoutNumber === text ? [`${y}|${text}`] : [`${y}|${text}`, `${y}#${withoutNumber}`];
}

/**
 * Drops running headers and footers: lines in the top or bottom tenth of the page, no larger
 * than body text, that repeat at the same height on at least half of the pages (three or more),
 * identical or differing only by the page number.
 */
export function withoutRunningLines(pages: PdfPageLines[], body: number): PdfPageLines[] {
  if (pages.length < 3) return pages;
  const candidate = (page: PdfPageLines, line: PdfLine) => {
    const margin = (page.top - page.bottom) / 10;
    return line.size <= body + 0.5 && (line.y > page.top - margin || line.y < page.bottom + margin);
  };
  const counts = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((l) => candidate(page, l)).flatMap((l) => runningKeys(l, page.page)));
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 2));
  const running = (page: PdfPageLines, line: PdfLine) =>
    candidate(page, line) && runningKeys(line, page.page).some((key) => (counts.get(key) ?? 0) >= threshold);
  return pages.map((page) => ({ ...page, lines: page.lines.filter((l) => !running(page, l)) }));
}

/** The body font size: the median size of all characters. */
export function bodySize(pages: PdfPageLines[]): number {
  const weights = new Map<number, number>();
  let total = 0;
  for (const page of pages) {
    for (const line of page.lines) {
      const size = roundSize(line.size);
      weights.set(size, (weights.get(size) ?? 0) + line.text.length);
      total += line.text.length;
    }
  }
  let seen = 0;
  for (const size of [...weights.keys()].sort((a, b) => a - b)) {
    seen += weights.get(size)!;
    if (seen * 2 >= total) return size;
  }
  return 0;
}

const isHeadingCandidate = (line: PdfLine, body: number) =>
  roundSize(line.size) >= body * 1.15 && line.size - body >= 1 && /\p{L}/u.test(line.text);

/** Heading level of each font size clearly above the body size: the largest is level 1. */
export function headingLevels(pages: PdfPageLines[], body: number): Map<number, number> {
  const sizes = new Set<number>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (isHeadingCandidate(line, body) && line.text.length <= MAX_HEADING_CHARACTERS) sizes.add(roundSize(line.size));
    }
  }
  const ranked = [...sizes].sort((a, b) => b - a);
  return new Map(ranked.map((size, i) => [size, Math.min(i + 1, 6)]));
}

/** Joins the lines of a paragraph, mending words hyphenated at a line end ("infor-" + "mation"). */
function joinLines(lines: string[]): string {
  let text = "";
  for (const line of lines) {
    if (text === "") text = line;
    else if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text += ` ${line}`;
  }
  return text;
}

/**
 * The usual distance between two lines of a paragraph on a page: the lower quartile of the gaps
 * between lines of one size (the gaps between paragraphs are the larger ones).
 */
function lineSpacing(lines: PdfLine[], body: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y;
    const size = lines[i]!.size;
    if (gap > 0 && gap < size * 2.5 && Math.abs(lines[i - 1]!.size - size) < 0.5) gaps.push(gap);
  }
  if (gaps.length === 0) return body * 1.2;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 4)]!;
}

/**
 * Groups lines into headings and paragraphs: a heading is a line in a font clearly larger than
 * the body (level by size rank); a paragraph ends at a wider gap than the page's line spacing,
 * a change of font size, a bullet, or the end of the page. Running headers and footers are dropped.
 */
export function layoutBlocks(allPages: PdfPageLines[], out: BlockCollector): void {
  const body = bodySize(allPages);
  const pages = withoutRunningLines(allPages, body);
  const levels = headingLevels(pages, body);
  for (const page of pages) {
    const spacing = lineSpacing(page.lines, body);
    let current: string[] = [];
    let currentLevel = 0;
    let previous: PdfLine | null = null;
    const flush = () => {
      if (current.length === 0) return;
      const text = currentLevel > 0 ? current.join(" ") : joinLines(current);
      if (currentLevel > 0 && text.length <= MAX_HEADING_CHARACTERS) out.heading(text, currentLevel, page.page);
      else out.paragraph(text, page.page);
      current = [];
    };
    for (const line of page.lines) {
      const level = isHeadingCandidate(line, body) ? (levels.get(roundSize(line.size)) ?? 0) : 0;
      if (previous) {
        const gap = previous.y - line.y;
        const breaks =
          level !== currentLevel ||
          gap < -line.size * 0.5 ||
          gap > Math.max(spacing * 1.35, line.size * 1.1) ||
          (level === 0 && BULLET.test(line.text));
        if (breaks) flush();
      }
      currentLevel = level;
      current.push(line.text);
      previous = line;
    }
    flush();
  }
}
