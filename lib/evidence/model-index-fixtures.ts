/**
 * Model cards as real repositories publish them, for the model-index import tests (never imported by the app).
 * Each names the repository and file it comes from.
 */
// huggingface/huggingface_hub tests/fixtures/cards/sample_simple_model_index.md (commit 38edc812438501f4a5d09a350fee842d7e9d24d1)
export const HUB_SAMPLE = `---
language: en
license: mit
library_name: timm
datasets:
- beans
metrics:
- accuracy
model-index:
- name: my-cool-model
  results:
  - task:
      type: image-classification
    dataset:
      type: beans
      name: Beans
    metrics:
    - type: accuracy
      value: 0.9
  - task:
      type: image-classification
    dataset:
      type: beans
      name: Beans
      config: default
      split: test
      revision: 5503434ddd753f426f4b38109466949a1217c2bb
      args:
        date: 20220120
    metrics:
    - type: f1
      value: 0.66
---

# my-cool-model
`;

// Front matter of the Hugging Face card abhilash1910/albert-squad-v2 (README.md), metrics verified by the hub.
export const VERIFIED_CARD = `---
language:
- en
license: apache-2.0
datasets:
- squad_v2
model-index:
- name: abhilash1910/albert-squad-v2
  results:
  - task:
      type: question-answering
      name: Question Answering
    dataset:
      name: squad_v2
      type: squad_v2
      config: squad_v2
      split: validation
    metrics:
    - type: exact_match
      value: 23.6563
      name: Exact Match
      verified: true
      verifyToken: eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJoYXNoIjoiZTE5ZTM2YzIwZjBhYjM0ZDUyNzBiMjg1YjZhMGJiMGViMjYzYjQ5ZmI4MGFkYmU4YjY1OTNjYzAwZWRlZjIwNSIsInZlcnNpb24iOjF9.jlvV8WRPSPKJm6UdApoh-dXcAOmLPtF5smsHt39RoO4sFzzbH6elUz5yPF5Lt9Yc2YDIl6c8JDsODqMxmsD0Bg
    - type: f1
      value: 29.3808
      name: F1
      verified: true
      verifyToken: eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJoYXNoIjoiN2ZjYWRlYTI1NDkwYzNhMzM5YTg2NjZmODg0NjNkOGM3YjM2NTlkYjVhZWI0MzlmNjNkMTMxODlkNTY3ODBkMiIsInZlcnNpb24iOjF9.CR1MYeU3uqld9bbI8CLupMtote4WEG9fIq9enwhFJfVpChIT9BGKm86zaPmXHg0yBaNHgkMaEt_a-DaIdiEwAg
---
`;

// Hugging Face card DewiBrynJones/wav2vec2-large-xlsr-welsh (README.md): the WER is given as a percentage string.
export const WELSH_PERCENT = `---
language: cy
datasets:
- common_voice 
metrics:
- wer
tags:
- audio
- automatic-speech-recognition
- speech
- xlsr-fine-tuning-week
license: apache-2.0
model-index:
- name: wav2vec2-xlsr-welsh (by Dewi Bryn Jones, fine tuning week - March 2021)
  results:
  - task: 
      name: Speech Recognition
      type: automatic-speech-recognition
    dataset:
      name: Common Voice cy
      type: common_voice
      args: cy
    metrics:
       - name: Test WER
         type: wer
         value: 25.59%
---

# Wav2Vec2-Large-XLSR-Welsh
`;

// An unfilled revision of jonatasgrosman/wav2vec2-large-xlsr-53-finnish (README.md, XLSR fine-tuning week template):
// YAML reads the placeholder as a mapping, which the old import counted as WER 0.
export const FINNISH_PLACEHOLDER = `---
language: fi
datasets:
- common_voice
metrics:
- wer
license: apache-2.0
model-index:
- name: XLSR Wav2Vec2 Finnish by Jonatas Grosman
  results:
  - task: 
      name: Speech Recognition
      type: automatic-speech-recognition
    dataset:
      name: Common Voice fi
      type: common_voice
      args: fi
    metrics:
       - name: Test WER
         type: wer
         value: {wer_result_on_test} #TODO (IMPORTANT): replace {wer_result_on_test} with the WER error rate you achieved on the common_voice test set. It should be in the format XX.XX (don't add the % sign here).
---
`;

/** The speech card with its WER value replaced by `value`, as YAML text. */
export const welshWith = (value: string) => WELSH_PERCENT.replace('value: 25.59%', `value: ${value}`);
