// What a screen reader hears when someone else changes the shared playback.
import type { PlaybackState } from '$lib/review/playback';
import { formatTimestamp } from './format';

const at = (seconds: number) => formatTimestamp(Math.floor(seconds));

export function announceChange(before: PlaybackState, after: PlaybackState, who: string): string {
	if (after.controllerId !== before.controllerId) return after.controllerId === null ? `${who} let everyone control playback.` : `${who} handed over the controls.`;
	if (after.playing !== before.playing) return `${who} ${after.playing ? 'played' : 'paused'} at ${at(after.position)}.`;
	if (after.rate !== before.rate) return `${who} set the speed to ${after.rate}×.`;
	if (JSON.stringify(after.loop) !== JSON.stringify(before.loop)) {
		return after.loop ? `${who} looped ${at(after.loop.start)} to ${at(after.loop.end)}.` : `${who} cleared the loop.`;
	}
	return `${who} moved to ${at(after.position)}.`;
}
