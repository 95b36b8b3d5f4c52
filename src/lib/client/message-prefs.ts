// Settings kept in this browser: the new-message sound (off unless turned on) and each
// conversation's unsent draft (text and attached video), so a reload keeps what was being written.
import { decodeDraft, encodeDraft, type MessageDraft } from './message-draft';

const SOUND_KEY = 'classcast:message-sound';
const draftKey = (userId: number, conversationId: number) => `classcast:draft:${userId}:${conversationId}`;

function storage(): Storage | undefined {
	try {
		return typeof localStorage === 'undefined' ? undefined : localStorage;
	} catch {
		return undefined; // storage disabled: settings last for the page only
	}
}

export const soundEnabled = () => storage()?.getItem(SOUND_KEY) === 'on';

export function setSoundEnabled(on: boolean): void {
	if (on) storage()?.setItem(SOUND_KEY, 'on');
	else storage()?.removeItem(SOUND_KEY);
}

export const loadDraft = (userId: number, conversationId: number): MessageDraft => decodeDraft(storage()?.getItem(draftKey(userId, conversationId)));

export function saveDraft(userId: number, conversationId: number, draft: MessageDraft): void {
	const stored = encodeDraft(draft);
	if (stored === null) storage()?.removeItem(draftKey(userId, conversationId));
	else storage()?.setItem(draftKey(userId, conversationId), stored);
}

let audio: AudioContext | undefined;

/** A short soft chime (no file to fetch), when the person turned the sound on. */
export function chime(): void {
	if (!soundEnabled()) return;
	try {
		audio ??= new AudioContext();
		const oscillator = audio.createOscillator();
		const gain = audio.createGain();
		oscillator.frequency.value = 880;
		gain.gain.setValueAtTime(0.0001, audio.currentTime);
		gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
		oscillator.connect(gain).connect(audio.destination);
		oscillator.start();
		oscillator.stop(audio.currentTime + 0.4);
	} catch {
		// No audio output (or the browser refused before any gesture): stay silent.
	}
}
