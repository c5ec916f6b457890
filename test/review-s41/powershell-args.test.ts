// Finding 8 (low): src/extract/powershell.ts pathsOf/words (lines ~26-45). PowerShell's list
// argument and New-Item's -Name are not read: `Remove-Item a.py, b.py` deletes "a.py," (and not
// b.py), `Remove-Item a.py,b.py` one file "a.py,b.py"; `New-Item -Path src -Name app.py -ItemType
// File` creates "src" (the folder), not src/app.py; `New-Item -Path . -Name a.py` creates ".".
import { describe, expect, it } from 'vitest';
import { powershellFiles } from '../../src/extract/powershell.js';

describe('PowerShell arguments', () => {
  it('a list of paths is each path', () => {
    expect(powershellFiles('Remove-Item a.py, b.py').deleted).toEqual(['a.py', 'b.py']);
    expect(powershellFiles('Remove-Item a.py,b.py').deleted).toEqual(['a.py', 'b.py']);
  });

  it('New-Item -Name is the file made inside -Path', () => {
    expect(powershellFiles('New-Item -Path src -Name app.py -ItemType File').created).toEqual(['src/app.py']);
    expect(powershellFiles('New-Item -Path . -Name a.py -ItemType File').created).not.toContain('.');
  });
});
