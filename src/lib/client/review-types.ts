// The co-review shapes the browser shares with the API and the `review:*` events.
export type { Participant, Reconnecting, ReviewSession } from '$lib/server/review/review-session.dto';
export type { Loop, PlaybackChange, PlaybackState } from '$lib/review/playback';
