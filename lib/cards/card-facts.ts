/** "Yes: Meridian Language Cloud" or "No": whether a system is a third party's, as every card format says it. */
export const thirdPartyText = (system: { thirdParty: boolean; vendorName: string | null }) => (system.thirdParty ? `Yes${system.vendorName ? `: ${system.vendorName}` : ''}` : 'No');
