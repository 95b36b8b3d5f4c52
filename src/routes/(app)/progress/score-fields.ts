/** The score inputs of a progress entry, in the order the form shows them (the API's field names). */
export const SCORE_FIELDS = [
	{ name: 'rating', label: 'Rating', max: 5 },
	{ name: 'techniqueScore', label: 'Technique', max: 100 },
	{ name: 'musicalityScore', label: 'Musicality', max: 100 },
	{ name: 'rhythmScore', label: 'Rhythm', max: 100 },
	{ name: 'overallScore', label: 'Overall', max: 100 }
] as const;
