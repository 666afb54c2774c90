// Agent-supplied text (titles, descriptions, ids) inside the tree's markdown tooltips. Pure (no
// `vscode`) so the unit tests render it with markdown-it and check that no input can add a link,
// an image or formatting: an agent id with a backtick once ended its code span and did
// (issue 11, finding 7).

/**
 * Text shown as itself: every character markdown could read as syntax is escaped; line breaks
 * become spaces, and leading spaces and tabs go (four of them would start a code block; markdown
 * drops up to three anyway).
 */
export function escapeMd(text: string): string {
  return oneLine(text)
    .replace(/^[ \t]+/, '')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:=$]/g, '\\$&');
}

/**
 * `text` as an inline code span: fenced by one backtick more than its longest run, padded when it
 * starts or ends with a backtick (CommonMark's rule), on one line so a blank line cannot end it.
 */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < flat.length; i++) {
    if (flat.charCodeAt(i) === 96) longest = Math.max(longest, ++run);
    else run = 0;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = /\S/.test(flat) && /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** The agent tooltip: name, description, model, and the id as code. */
export function agentTooltip(a: { id: string; name?: string; description?: string; model?: string }): string {
  // Trimmed: `**x **` is not bold in CommonMark, the asterisks would show.
  return [
    `**${escapeMd(a.name?.trim() || a.id.trim())}**`,
    ...(a.description ? [escapeMd(a.description)] : []),
    ...(a.model ? [`Model: ${escapeMd(a.model)}`] : []),
    `ID: ${codeSpan(a.id)}`,
  ].join('\n\n');
}
