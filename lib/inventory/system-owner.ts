/** Who may own a system: someone who can do its owner's work, registering its models included. */
export const OWNER_PERMISSION = 'model.register' as const;
