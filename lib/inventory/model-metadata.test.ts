import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { Invalid } from '@/lib/errors';
import { parseInput } from '@/lib/http/to-domain-error';
import { makeActor, makeSystem } from '@/lib/testing';
import { createModel } from './create-model';
import { ZCreateModelInput, ZUpdateModelInput } from './schemas';
import { updateModel } from './update-model';

let ds: Actor;
beforeAll(async () => {
  ds = await makeActor(['data_scientist'], 'ds');
});

const issuesOf = (input: unknown) => {
  try {
    parseInput(ZCreateModelInput, input);
  } catch (error) {
    return (error as Invalid).issues!.map((i) => i.path).sort();
  }
  return [];
};

describe('model card metadata', () => {
  it('takes the form\'s comma-separated lists and blank selects, and stores them on the model', async () => {
    const systemId = (await makeSystem(ds)).id;
    const model = await createModel(ds, parseInput(ZCreateModelInput, {
      systemId, name: 'whisper-ft', task: 'Speech recognition', pipelineTag: 'automatic-speech-recognition', libraryName: 'transformers',
      languages: 'en, cy', approach: 'self-supervised', architectureFamily: 'transformer', modelArchitecture: 'WhisperForConditionalGeneration',
      inputs: 'audio/wav, audio/flac', outputs: 'text/plain',
    }));
    expect(model).toMatchObject({ pipelineTag: 'automatic-speech-recognition', languages: ['en', 'cy'], approach: 'self-supervised', inputs: [{ format: 'audio/wav' }, { format: 'audio/flac' }], outputs: [{ format: 'text/plain' }] });
    const blank = await createModel(ds, parseInput(ZCreateModelInput, { systemId, name: 'blank', pipelineTag: '', approach: '', languages: '' }));
    expect(blank).toMatchObject({ pipelineTag: null, approach: null, languages: [] });
    expect(await updateModel(ds, model.id, parseInput(ZUpdateModelInput, { approach: 'supervised', languages: ['en'] }))).toMatchObject({ approach: 'supervised', languages: ['en'] });
  });

  it('refuses an invented Hub task, a CycloneDX approach outside the list, a language name and an empty format, on the field', () => {
    expect(issuesOf({ systemId: 's', name: 'm', pipelineTag: 'speech-to-text' })).toEqual(['pipelineTag']);
    expect(issuesOf({ systemId: 's', name: 'm', approach: 'deep-learning' })).toEqual(['approach']);
    expect(issuesOf({ systemId: 's', name: 'm', languages: 'English' })).toEqual(['languages']);
    expect(issuesOf({ systemId: 's', name: 'm', inputs: ['text', ' '] })).toEqual(['inputs']);
  });
});
