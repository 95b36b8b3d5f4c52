/**
 * A drawing saved with a comment: comments.drawing (jsonb, null when there is none) holds the
 * strokes drawn on the paused frame, `{ strokes: [{ color, width, points: [[x, y], ...] }] }` in
 * frame units (0..1). The API validates and bounds it (50 strokes, 2000 points, 32 KB); the
 * check here only keeps anything but an object or null out, so a bad write cannot break reads.
 *
 * Frozen migration: imports only from 'kysely'; runs on PostgreSQL 15 and PGlite.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table comments add column drawing jsonb`.execute(db);
	await sql`
		alter table comments add constraint comments_drawing_check
		check (drawing is null or jsonb_typeof(drawing) = 'object')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table comments drop constraint if exists comments_drawing_check`.execute(db);
	await sql`alter table comments drop column if exists drawing`.execute(db);
}
