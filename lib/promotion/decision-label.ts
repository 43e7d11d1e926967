/** A signature's decision in words: approved (with conditions, when its signer stated some) or rejected. */
export const decisionLabel = (s: { decision: 'approve' | 'reject'; conditions?: string }) => (s.decision === 'reject' ? 'Rejected' : s.conditions ? 'Approved with conditions' : 'Approved');
