/**
 * Which points of EU AI Act Annex IV (technical documentation, Regulation (EU) 2024/1689) the AI Card covers, and
 * through which of its sections. Said in every rendering of the card so nobody mistakes it for the whole file.
 */
export type AnnexIvCoverage = { point: string; topic: string; coverage: 'covered' | 'partly' | 'not covered'; sections: string[]; note: string };

export const ANNEX_IV_COVERAGE: AnnexIvCoverage[] = [
  { point: '1', topic: 'General description: intended purpose, provider, versions', coverage: 'covered', sections: ['Model details', 'Intended use'], note: 'Instructions for use and hardware are kept outside Provenant.' },
  { point: '2', topic: 'Development: data, training, validation and testing, signed test reports, cybersecurity', coverage: 'covered', sections: ['Training data', 'Lineage', 'Evaluation results', 'Approvals and signatures', 'Integrity and scan'], note: 'Design choices and architecture are referenced through the code commit of each training run.' },
  { point: '3', topic: 'Monitoring, functioning and control: capabilities, limitations, human oversight', coverage: 'covered', sections: ['Intended use', 'Limitations, ethics and recommendations'], note: '' },
  { point: '4', topic: 'Appropriateness of the performance metrics', coverage: 'partly', sections: ['Evaluation results'], note: 'Each metric is shown against the threshold the promotion policy sets; the reasoning for the thresholds lives in the policy.' },
  { point: '5', topic: 'Risk management system (Art. 9)', coverage: 'partly', sections: ['Risk classification', 'Open findings'], note: 'The classification and open findings are shown; the risk management process itself is documented elsewhere.' },
  { point: '6', topic: 'Changes made through the lifecycle', coverage: 'partly', sections: ['Approvals and signatures'], note: 'Every change is in the audit trail and the version history.' },
  { point: '7', topic: 'Harmonised standards applied', coverage: 'not covered', sections: [], note: '' },
  { point: '8', topic: 'EU declaration of conformity', coverage: 'not covered', sections: [], note: '' },
  { point: '9', topic: 'Post-market monitoring', coverage: 'partly', sections: ['Integrity and scan', 'Open findings'], note: 'Deployed digests are checked against the approved one; performance monitoring is not.' },
];
