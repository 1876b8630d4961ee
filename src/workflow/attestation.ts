/** The Art. 15 statement, word for word as the submitter confirms it. */
export const ATTESTATION_STATEMENT = '本单位对调整内容和依据的准确性、真实性和完整性负责';

export const ATTESTATION_STAGES = { submission: '提交', unit_approval: '单位审核通过' } as const;
export type AttestationStage = keyof typeof ATTESTATION_STAGES;
