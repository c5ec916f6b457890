// What an edit of a settings file in tables defines is its tables: "pyproject.toml (modified;
// defines [tool.hatch.build.targets.wheel.force-include])" says how the package got installable.
import { describe, expect, it } from 'vitest';
import { namesDefinedIn } from '../../src/log/definitions.js';
import { changedFiles } from '../../src/trail/changed-files.js';

const PYPROJECT = [
  '[build-system]',
  'requires = ["hatchling"]',
  '',
  '[project.scripts]',
  'coderabbit-extract = "extract_coderabbit_feedback:main"',
  '',
  '[tool.hatch.build.targets.wheel.force-include]',
  '"extract-coderabbit-feedback.py" = "extract_coderabbit_feedback.py"',
  '',
  '[[tool.mypy.overrides]]',
  'module = "x"',
].join('\n');

describe('a settings file in tables', () => {
  it('defines its tables (TOML, INI, setup.cfg), not its keys', () => {
    expect(namesDefinedIn('pyproject.toml', PYPROJECT)).toEqual([
      '[build-system]',
      '[project.scripts]',
      '[tool.hatch.build.targets.wheel.force-include]',
      '[[tool.mypy.overrides]]',
    ]);
    expect(namesDefinedIn('setup.cfg', '[metadata]\nname = x\n[options]\npackages = find:')).toEqual(['[metadata]', '[options]']);
    // A list in code is no table; a TOML value's brackets neither.
    expect(namesDefinedIn('src/a.py', 'x = [1, 2]\n[y]')).toEqual([]);
    expect(namesDefinedIn('Cargo.toml', 'features = ["a", "b"]')).toEqual([]);
  });

  it('says them in the list of files changed', () => {
    expect(changedFiles([{ text: 'modified pyproject.toml', path: 'pyproject.toml', op: 'modified', by: 'Edit', change: PYPROJECT }])).toEqual([
      'pyproject.toml (modified; defines [project.scripts], [tool.hatch.build.targets.wheel.force-include], [[tool.mypy.overrides]])',
    ]);
  });
});
