// Browser side of bench/compress.ts: the upload page's own compression modules, bundled by the
// benchmark and run on a clip it serves. Not part of the app.
import { compress, type Engine } from '../src/lib/client/compress';
import { decideCompression } from '../src/lib/client/compress-decision';
import { probeFile } from '../src/lib/client/media-probe';

declare global {
	interface Window {
		runCompress: (engine: Engine) => Promise<{ seconds: number; inBytes: number; outBytes: number; width: number | null; height: number | null; duration: number | null }>;
	}
}

window.runCompress = async (engine) => {
	const blob = await (await fetch('/clip.mp4')).blob();
	const file = new File([blob], 'clip.mp4', { type: 'video/mp4' });
	const facts = await probeFile(file);
	const decision = decideCompression(facts);
	if (!decision.compress) throw new Error('the clip should need compressing');
	const started = performance.now();
	const output = await compress(file, { engine, width: decision.width, height: decision.height, durationSeconds: facts.durationSeconds, audioCodec: facts.audioCodec });
	const seconds = (performance.now() - started) / 1000;
	const out = await probeFile(output);
	return { seconds, inBytes: file.size, outBytes: output.size, width: out.width, height: out.height, duration: out.durationSeconds };
};
