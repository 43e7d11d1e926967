/**
 * A model, its versions and what is recorded on them belong to whoever owns the model's system now. The person who
 * registered a model keeps the credit (`models.created_by`, `model_versions.registered_by`) but no say over it once
 * the system changes hands: a transfer hands over the whole system.
 */
export const modelOwnerIds = (model: { systemOwnerId: string | null }) => [model.systemOwnerId];
