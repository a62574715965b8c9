/**
 * Checks a Slack message against Block Kit's documented shape for the blocks FleetMedic uses, for specs:
 * https://docs.slack.dev/reference/block-kit/blocks (header: plain_text up to 150 characters; section: text
 * up to 3000, at most 10 fields of up to 2000; actions: at most 25 elements; context: at most 10 elements),
 * the button element (text plain_text up to 75, action_id up to 255 and unique in its block, url up to
 * 3000, value up to 2000, style primary or danger, confirm, accessibility_label up to 75) and the
 * confirmation dialog object (plain_text title 100, text 300, confirm 30, deny 30; style primary or danger).
 * Answers every problem found, each naming where.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function text(where: string, value: unknown, max: number, types: string[], problems: string[]): void {
  if (!isObject(value) || !types.includes(String(value.type)) || typeof value.text !== 'string') {
    problems.push(`${where}: expected a ${types.join(' or ')} text object`);
    return;
  }
  if (value.text.length === 0 || value.text.length > max)
    problems.push(`${where}: text of ${value.text.length} characters (1 to ${max})`);
  const allowed = value.type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim'];
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push(`${where}: unknown field ${key}`);
}

function only(where: string, value: Json, allowed: string[], problems: string[]): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problems.push(`${where}: unknown field ${key}`);
}

function button(where: string, element: Json, problems: string[]): void {
  only(
    where,
    element,
    ['type', 'text', 'action_id', 'url', 'value', 'style', 'confirm', 'accessibility_label'],
    problems,
  );
  text(`${where}.text`, element.text, 75, ['plain_text'], problems);
  if (typeof element.action_id !== 'string' || element.action_id.length > 255)
    problems.push(`${where}.action_id: expected up to 255 characters`);
  if (element.url !== undefined && (typeof element.url !== 'string' || element.url.length > 3000))
    problems.push(`${where}.url: expected up to 3000 characters`);
  if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > 2000))
    problems.push(`${where}.value: expected up to 2000 characters`);
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
    problems.push(`${where}.style: expected primary or danger`);
  if (element.confirm !== undefined) {
    const confirm = element.confirm;
    if (!isObject(confirm)) {
      problems.push(`${where}.confirm: expected a confirmation dialog object`);
      return;
    }
    only(`${where}.confirm`, confirm, ['title', 'text', 'confirm', 'deny', 'style'], problems);
    text(`${where}.confirm.title`, confirm.title, 100, ['plain_text'], problems);
    text(`${where}.confirm.text`, confirm.text, 300, ['plain_text'], problems);
    text(`${where}.confirm.confirm`, confirm.confirm, 30, ['plain_text'], problems);
    text(`${where}.confirm.deny`, confirm.deny, 30, ['plain_text'], problems);
    if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger')
      problems.push(`${where}.confirm.style: expected primary or danger`);
  }
}

export function blockKitProblems(message: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(message) || !Array.isArray(message.blocks)) return ['expected {text, blocks: [...]}'];
  if (typeof message.text !== 'string') problems.push('text: expected the notification text');
  if (message.blocks.length > 50) problems.push(`blocks: ${message.blocks.length} blocks (at most 50)`);
  message.blocks.forEach((block: unknown, index) => {
    const where = `blocks[${index}]`;
    if (!isObject(block)) {
      problems.push(`${where}: expected a block`);
      return;
    }
    switch (block.type) {
      case 'header':
        only(where, block, ['type', 'text', 'block_id'], problems);
        text(`${where}.text`, block.text, 150, ['plain_text'], problems);
        break;
      case 'section':
        only(where, block, ['type', 'text', 'fields', 'block_id', 'accessory'], problems);
        if (block.text !== undefined)
          text(`${where}.text`, block.text, 3000, ['mrkdwn', 'plain_text'], problems);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > 10)
            problems.push(`${where}.fields: expected at most 10 fields`);
          else
            block.fields.forEach((field: unknown, i) =>
              text(`${where}.fields[${i}]`, field, 2000, ['mrkdwn', 'plain_text'], problems),
            );
        }
        break;
      case 'actions': {
        only(where, block, ['type', 'elements', 'block_id'], problems);
        const elements = Array.isArray(block.elements) ? (block.elements as unknown[]) : [];
        if (elements.length === 0 || elements.length > 25)
          problems.push(`${where}.elements: 1 to 25 elements`);
        const ids = new Set<unknown>();
        elements.forEach((element, i) => {
          if (!isObject(element) || element.type !== 'button') {
            problems.push(`${where}.elements[${i}]: expected a button`);
            return;
          }
          if (ids.has(element.action_id))
            problems.push(`${where}.elements[${i}].action_id: not unique in its block`);
          ids.add(element.action_id);
          button(`${where}.elements[${i}]`, element, problems);
        });
        break;
      }
      case 'context': {
        only(where, block, ['type', 'elements', 'block_id'], problems);
        const elements = Array.isArray(block.elements) ? (block.elements as unknown[]) : [];
        if (elements.length === 0 || elements.length > 10)
          problems.push(`${where}.elements: 1 to 10 elements`);
        elements.forEach((element, i) =>
          text(`${where}.elements[${i}]`, element, 3000, ['mrkdwn', 'plain_text'], problems),
        );
        break;
      }
      default:
        problems.push(`${where}: block type ${String(block.type)} is not one this check knows`);
    }
  });
  return problems;
}
