import type { ReactNode } from 'react';
import { Card, Facts } from '@/components/ui/card';
import { Mono } from '@/components/ui/table';
import { humanize } from '@/lib/words';

type Metadata = {
  task: string; pipelineTag: string | null; libraryName: string | null; languages: string[]; approach: string | null;
  architectureFamily: string | null; modelArchitecture: string | null; inputs: { format: string }[]; outputs: { format: string }[]; externalRef: string | null;
};

const formats = (list: { format: string }[]) => list.map((f) => f.format).join(', ');

/** What the AI Card exports say of the model (Hub front matter, CycloneDX modelParameters); shown once any of it is known. */
export function ModelMetadataCard({ model }: { model: Metadata }) {
  const known = model.pipelineTag || model.libraryName || model.languages.length || model.approach || model.architectureFamily || model.modelArchitecture || model.inputs.length || model.outputs.length || model.externalRef;
  if (!known) return null;
  return (
    <div className="mb-6">
      <Card title="Card metadata">
        <Facts
          items={[
            ['Task', model.task],
            ['Hub task (pipeline tag)', model.pipelineTag ? <Mono>{model.pipelineTag}</Mono> : null],
            ['Library', model.libraryName],
            ['Languages', model.languages.join(', ')],
            ['Learning approach', model.approach ? humanize(model.approach) : null],
            ['Architecture', [model.architectureFamily, model.modelArchitecture].filter(Boolean).join(' · ')],
            ['Inputs', formats(model.inputs)],
            ['Outputs', formats(model.outputs)],
            ...(model.externalRef ? ([['Imported as', <Mono key="ref">{model.externalRef}</Mono>]] as [string, ReactNode][]) : []),
          ]}
        />
      </Card>
    </div>
  );
}
