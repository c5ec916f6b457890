// A session given one long task (a subagent's brief, a pasted issue): the prompt shows the user's
// words past what the manifest already quotes of them, not nothing and not the same start twice.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeAssistant, claudeUser, resumedAfterSave, writeJsonl } from '../helpers.js';

const TASK = [
  'Investigate why "Outside diff range comments" from the main review body might not be appearing in the output of extract.py:',
  '',
  '**Context:**',
  'The user reports that after a new commit the review posts a main comment with an "Outside diff range comments" section, with findings like:',
  '',
  '```',
  'apps/web/src/app/api/connections/save-connections/route.ts (1)',
  '    11-25: Type mismatch between request body types and validation schema.',
  '```',
  '',
  'These comments have file paths and line ranges but do not appear in the output.',
  '',
  '**Investigation tasks:**',
  '1. Review the section parsing (parse_review_sections): does it find the outside_diff_comments section? Which patterns does it look for ("📝 Remaining comments", "🧹 Nitpick comments", "⚠️ Outside diff range")?',
  '2. File-level comment parsing (parse_file_level_comments): does its pattern match the indentation shown above?',
  '3. Review filtering: which review is the latest with content?',
  '',
  'Return where the data is lost and the fix you recommend. Check the fix against the save-connections example above.',
].join('\n');

describe('one long task', () => {
  // Emoji in it (four bytes each): the words are cut to the section's bytes, not its characters.
  it('is in the prompt past the part the manifest quotes, with its example', () => {
    const { prompt } = resumedAfterSave((root) =>
      writeJsonl(join(root, '.git', 'task.jsonl'), [
        claudeUser(TASK),
        claudeAssistant({
          id: 'm1',
          tokens: 24_000,
          content: [{ type: 'text', text: 'The regex in parse_file_level_comments expects <summary> markup; the section is plain text, so nothing matches.' }],
        }),
      ]),
    );
    const words = prompt.slice(prompt.indexOf("The user's own words"));
    expect(words).toContain('save-connections');
    expect(words).toContain('11-25: Type mismatch');
    // The start the manifest already gives ("Already done" or the task) is not said twice.
    expect(prompt.split('Investigate why "Outside diff range comments"').length - 1).toBe(1);
  });

  it('in a script of three bytes a character, written without spaces, is shown within its share too', () => {
    const asks = [
      '请检查评论解析器为什么会丢失范围外的评论，并修复文件级评论的解析函数，同时保留现有的行为。'.repeat(6),
      '另外请把测试也更新一下，确保保存连接的例子能通过，并且不要修改公共接口，也不要引入新的依赖。'.repeat(6),
    ];
    const { prompt } = resumedAfterSave((root) =>
      writeJsonl(join(root, '.git', 'zh.jsonl'), [
        claudeUser(asks[0]!),
        claudeAssistant({ id: 'm1', tokens: 20_000, content: [{ type: 'text', text: 'Reading the parser.' }] }),
        claudeUser(asks[1]!, { timestamp: '2026-01-01T00:20:00.000Z' }),
        claudeAssistant({ id: 'm2', tokens: 21_000, content: [{ type: 'text', text: 'Updating the tests.' }] }),
      ]),
    );
    const start = prompt.indexOf("The user's own words");
    const section = prompt.slice(start, prompt.indexOf('\nFiles the session', start));
    expect(start).toBeGreaterThan(-1);
    expect(section).toContain('不要引入新的依赖'.slice(0, 4));
    // The section's share (2,100 bytes) and its title.
    expect(Buffer.byteLength(section)).toBeLessThan(2200);
  });
});
