import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ArtifactUploadField } from './artifact-upload-field';

describe('the artifact upload field', () => {
  it('says what the bytes are for, linked to the file input', () => {
    const html = renderToStaticMarkup(createElement(ArtifactUploadField));
    expect(html).toContain('>Artifact file</label>');
    expect(html).not.toContain('(optional)');
    const hintId = /<p id="([^"]+)"[^>]*>Upload it so Provenant can measure, scan and hash it/.exec(html)?.[1];
    expect(hintId).toBeTruthy();
    expect(html).toMatch(new RegExp(`<input[^>]*type="file"[^>]*aria-describedby="${hintId}"`));
    expect(html).toContain('cannot pass the promotion gate');
  });

  it('keeps a dataset’s file optional', () => {
    expect(renderToStaticMarkup(createElement(ArtifactUploadField, { of: 'dataset' }))).toContain('>Dataset file (optional)</label>');
  });
});
