// The voice channel of a live co-review: one RTCPeerConnection per other participant, peer to
// peer, signalled through the session room (`review:signal`) with the "perfect negotiation"
// pattern, so either side may (re)negotiate at any time and a collision resolves itself: the
// polite side (the greater user id) rolls back its own offer, the other ignores the incoming one.
// Someone who has not joined voice still answers, but hears nothing until they join.
import type { VoiceSignal } from '$lib/realtime/events';
import { useSocket, type BrowserSocket } from './socket';

export interface VoicePeer {
	state: RTCPeerConnectionState;
	/** The other's audio has arrived. */
	receiving: boolean;
}

interface Peer {
	pc: RTCPeerConnection;
	polite: boolean;
	makingOffer: boolean;
	ignoreOffer: boolean;
	audio: HTMLAudioElement;
	level: (() => number) | null;
}

/** Level (RMS, 0..1) above which someone counts as speaking. */
const SPEAKING_LEVEL = 0.02;
const LEVEL_INTERVAL = 150;

export class Voice {
	joined = $state(false);
	joining = $state(false);
	muted = $state(false);
	error = $state<string | null>(null);
	peers = $state.raw<ReadonlyMap<number, VoicePeer>>(new Map());
	speaking = $state.raw<ReadonlySet<number>>(new Set());

	readonly #sessionId: number;
	readonly #me: number;
	readonly #iceServers: RTCIceServer[];
	#socket: BrowserSocket | null = null;
	#present: number[] = [];
	#connections = new Map<number, Peer>();
	#stream: MediaStream | null = null;
	#context: AudioContext | null = null;
	#localLevel: (() => number) | null = null;
	#meter: ReturnType<typeof setInterval> | null = null;

	constructor(options: { sessionId: number; me: number; iceServers: RTCIceServer[] }) {
		this.#sessionId = options.sessionId;
		this.#me = options.me;
		this.#iceServers = options.iceServers;
	}

	/** Listens for signals until the returned function is called (an `$effect` cleanup). */
	connect(): () => void {
		const { socket, release } = useSocket();
		this.#socket = socket;
		const onSignal = (payload: { sessionId: number; fromUserId: number; signal: VoiceSignal }) => {
			if (payload.sessionId === this.#sessionId) void this.#receive(payload.fromUserId, payload.signal);
		};
		socket.on('review:signal', onSignal);
		return () => {
			socket.off('review:signal', onSignal);
			this.leave();
			for (const id of [...this.#connections.keys()]) this.#close(id);
			this.#socket = null;
			release();
		};
	}

	/** Who is in the session now: connections to people who left are closed; joined, new people are called. */
	present(userIds: number[]): void {
		this.#present = userIds.filter((id) => id !== this.#me);
		for (const id of [...this.#connections.keys()]) if (!this.#present.includes(id)) this.#close(id);
		if (this.joined) for (const id of this.#present) this.#peer(id);
	}

	async join(): Promise<void> {
		if (this.joined || this.joining) return;
		this.joining = true;
		this.error = null;
		try {
			this.#stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
		} catch (error) {
			this.error = error instanceof DOMException && error.name === 'NotAllowedError' ? 'The browser was not allowed to use your microphone.' : 'No microphone could be opened.';
			this.joining = false;
			return;
		}
		this.#context = new AudioContext();
		this.#localLevel = this.#meterFor(this.#stream);
		this.#meter = setInterval(() => this.#measure(), LEVEL_INTERVAL);
		this.joined = true;
		this.joining = false;
		this.muted = false;
		for (const peer of this.#connections.values()) {
			peer.audio.muted = false;
			if (peer.audio.srcObject instanceof MediaStream) peer.level = this.#meterFor(peer.audio.srcObject);
		}
		for (const id of this.#present) this.#send(this.#peer(id));
	}

	leave(): void {
		if (!this.joined) return;
		for (const track of this.#stream?.getTracks() ?? []) track.stop();
		this.#stream = null;
		for (const peer of this.#connections.values()) {
			for (const sender of peer.pc.getSenders()) if (sender.track) peer.pc.removeTrack(sender);
			peer.audio.muted = true;
			peer.level = null;
		}
		if (this.#meter) clearInterval(this.#meter);
		void this.#context?.close();
		this.#context = null;
		this.#localLevel = null;
		this.joined = false;
		this.speaking = new Set();
	}

	toggleMute(): void {
		this.muted = !this.muted;
		for (const track of this.#stream?.getAudioTracks() ?? []) track.enabled = !this.muted;
	}

	#send(peer: Peer): void {
		const stream = this.#stream;
		if (!stream) return;
		for (const track of stream.getAudioTracks()) {
			if (!peer.pc.getSenders().some((s) => s.track === track)) peer.pc.addTrack(track, stream);
		}
	}

	#peer(id: number): Peer {
		const known = this.#connections.get(id);
		if (known) return known;
		const pc = new RTCPeerConnection({ iceServers: this.#iceServers });
		const audio = new Audio();
		audio.autoplay = true;
		audio.muted = !this.joined;
		audio.dataset.peer = String(id);
		const peer: Peer = { pc, polite: this.#me > id, makingOffer: false, ignoreOffer: false, audio, level: null };
		this.#connections.set(id, peer);
		pc.onnegotiationneeded = async () => {
			try {
				peer.makingOffer = true;
				await pc.setLocalDescription();
				if (pc.localDescription) this.#signal(id, { type: pc.localDescription.type as 'offer', sdp: pc.localDescription.sdp });
			} catch (error) {
				this.error = `Voice could not connect: ${(error as Error).message}`;
			} finally {
				peer.makingOffer = false;
			}
		};
		pc.onicecandidate = ({ candidate }) => {
			if (!candidate) return;
			const json = candidate.toJSON();
			this.#signal(id, { type: 'candidate', candidate: { candidate: json.candidate ?? '', sdpMid: json.sdpMid ?? null, sdpMLineIndex: json.sdpMLineIndex ?? null, usernameFragment: json.usernameFragment ?? null } });
		};
		pc.ontrack = ({ streams, track }) => {
			const stream = streams[0] ?? new MediaStream([track]);
			audio.srcObject = stream;
			void audio.play().catch(() => {});
			if (this.#context) peer.level = this.#meterFor(stream);
			this.#update(id, { receiving: true });
		};
		pc.onconnectionstatechange = () => this.#update(id, { state: pc.connectionState });
		this.#update(id, { state: pc.connectionState, receiving: false });
		this.#send(peer);
		return peer;
	}

	async #receive(from: number, signal: VoiceSignal): Promise<void> {
		if (!this.#present.includes(from)) this.#present = [...this.#present, from];
		const peer = this.#peer(from);
		const { pc } = peer;
		try {
			if (signal.type === 'candidate') {
				try {
					await pc.addIceCandidate(signal.candidate);
				} catch (error) {
					if (!peer.ignoreOffer) throw error;
				}
				return;
			}
			const collision = signal.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
			peer.ignoreOffer = !peer.polite && collision;
			if (peer.ignoreOffer) return;
			await pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp });
			if (signal.type === 'offer') {
				await pc.setLocalDescription();
				if (pc.localDescription) this.#signal(from, { type: 'answer', sdp: pc.localDescription.sdp });
			}
		} catch (error) {
			this.error = `Voice could not connect: ${(error as Error).message}`;
		}
	}

	#signal(to: number, signal: VoiceSignal): void {
		this.#socket?.emit('review:signal', { sessionId: this.#sessionId, toUserId: to, signal }, () => {});
	}

	#close(id: number): void {
		const peer = this.#connections.get(id);
		if (!peer) return;
		peer.pc.close();
		peer.audio.srcObject = null;
		this.#connections.delete(id);
		const next = new Map(this.peers);
		next.delete(id);
		this.peers = next;
	}

	#update(id: number, patch: Partial<VoicePeer>): void {
		if (!this.#connections.has(id)) return;
		const next = new Map(this.peers);
		next.set(id, { state: 'new', receiving: false, ...next.get(id), ...patch });
		this.peers = next;
	}

	/** A reader of the stream's level (RMS of the waveform, 0..1). */
	#meterFor(stream: MediaStream): () => number {
		const context = this.#context;
		if (!context) return () => 0;
		const analyser = context.createAnalyser();
		analyser.fftSize = 512;
		context.createMediaStreamSource(stream).connect(analyser);
		const samples = new Float32Array(analyser.fftSize);
		return () => {
			analyser.getFloatTimeDomainData(samples);
			let sum = 0;
			for (const s of samples) sum += s * s;
			return Math.sqrt(sum / samples.length);
		};
	}

	#measure(): void {
		const next = new Set<number>();
		if (this.#localLevel && !this.muted && this.#localLevel() > SPEAKING_LEVEL) next.add(this.#me);
		for (const [id, peer] of this.#connections) if (peer.level && peer.level() > SPEAKING_LEVEL) next.add(id);
		if (next.size !== this.speaking.size || [...next].some((id) => !this.speaking.has(id))) this.speaking = next;
	}
}
