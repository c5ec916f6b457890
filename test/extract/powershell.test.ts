// PowerShell's file writes, and a here-document's or here-string's text as what a file holds.
import { describe, expect, it } from 'vitest';
import { blockerLine } from '../../src/extract/commands.js';
import { commandFiles } from '../../src/extract/files.js';
import { powershellFiles } from '../../src/extract/powershell.js';
import { isProbeCommand } from '../../src/extract/signals.js';
import { writtenBody } from '../../src/trail/written.js';

describe('the files a PowerShell command writes', () => {
  it.each([
    ["'x' | Set-Content -Path a\\b.txt", { written: ['a/b.txt'] }],
    ['Set-Content -Encoding UTF8 -Value 1 notes.md', { written: ['notes.md'] }],
    ['Add-Content -LiteralPath:"logs\\run.log" -Value done', { written: ['logs/run.log'] }],
    ['$r | Out-File -FilePath report.txt -Append', { written: ['report.txt'] }],
    ['New-Item -ItemType File -Path src\\new.py -Force', { created: ['src/new.py'] }],
    ['New-Item -ItemType Directory data_working', {}],
    ['New-Item -Name notes.md -ItemType File', { created: ['notes.md'] }],
    ['Remove-Item -Recurse -Force build\\old.js', { deleted: ['build/old.js'] }],
    ['Copy-Item data\\a.tar.gz -Destination data_working\\a.tar.gz', { written: ['data_working/a.tar.gz'] }],
    ['Move-Item old.py new.py', { written: ['new.py'], deleted: ['old.py'] }],
    ['Set-Content $path $text', {}],
    ['Get-Content a.txt | Select-String "Set-Content b.txt"', {}],
  ])('%s', (cmd, want) => {
    expect(powershellFiles(cmd)).toEqual({ written: [], created: [], deleted: [], ...want });
  });

  it("reads no redirection inside a here-string's text", () => {
    const cmd = "@'\nif a > b: print(a | b)\n'@ | Set-Content code\\app.py";
    expect(commandFiles(cmd).written).toEqual(['code/app.py']);
  });

  it('takes Get- and Select- lines as reading, unless the line also writes', () => {
    expect(isProbeCommand('Get-Acl data\\x | Format-List')).toBe(true);
    expect(isProbeCommand('Select-String -Path a.py -Pattern DATA_ROOT')).toBe(true);
    expect(isProbeCommand('Get-Content a.py | Set-Content b.py')).toBe(false);
    expect(isProbeCommand('Get-ChildItem > list.txt')).toBe(false);
  });
});

describe('the text a command wrote into a file', () => {
  it('is the body of a here-document redirected or tee-d into it', () => {
    expect(writtenBody("cat > src/a.ts <<'EOF'\nexport const a = 1;\nEOF", 'src/a.ts')).toBe('export const a = 1;');
    expect(writtenBody('cat <<EOF > b.md\n# B\nEOF\nnpm test', 'b.md')).toBe('# B');
    expect(writtenBody("tee -a c.txt <<'END'\nline\nEND", 'c.txt')).toBe('line');
    expect(writtenBody("cat > src/a.ts <<'EOF'\nx\nEOF", 'src/b.ts')).toBeUndefined();
    // Fed to a program, not written into a file.
    expect(writtenBody("python - <<'EOF'\nprint(1)\nEOF", 'x.py')).toBeUndefined();
  });

  it("is a here-string's text piped into Set-Content", () => {
    expect(writtenBody("@'\nimport json\n'@ | Set-Content -Encoding UTF8 code\\a.py", 'code/a.py')).toBe('import json');
    expect(writtenBody("@'\nimport json\n'@ | Set-Content code\\a.py", 'code/b.py')).toBeUndefined();
  });
});

describe("a blocker's command", () => {
  it("is shown without its here-document's text, and short", () => {
    const run = {
      command: `cat > src/provenance.py <<'ENDOFFILE'\n${'"""A line of the file."""\n'.repeat(40)}ENDOFFILE\npython -m pytest tests/`,
      outcome: 'failed' as const,
      output: "/usr/bin/bash: -c: line 176: unexpected EOF while looking for matching `''",
      index: 0,
      exitCode: 2,
    };
    const line = blockerLine(run as Parameters<typeof blockerLine>[0]);
    expect(line).not.toContain('A line of the file');
    expect(line).toMatch(/^`cat > src\/provenance\.py <<'ENDOFFILE' python -m pytest tests\/` fails: \/usr\/bin\/bash: -c: line 176/);
  });
});
