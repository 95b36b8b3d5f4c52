import type { Migration } from 'kysely/migration';
import * as createAccounts from './2026_11_21_000001_create_accounts';
import * as createMediaAndFeedback from './2026_11_21_000002_create_media_and_feedback';
import * as createClassesAndSocial from './2026_11_21_000003_create_classes_and_social';
import * as orderedFeeds from './2026_12_01_000004_ordered_feeds';
import * as storedFiles from './2026_12_01_000005_stored_files';
import * as videoPipeline from './2026_12_01_000006_video_pipeline';
import * as commentPassages from './2026_12_01_000007_comment_passages';
import * as relationshipRules from './2026_12_01_000008_relationship_rules';
import * as reviewSessionRecords from './2026_12_01_000009_review_session_records';
import * as commentDrawings from './2026_12_01_000010_comment_drawings';
import * as messaging from './2026_12_01_000011_messaging';
import * as notificationPreferences from './2026_12_01_000012_notification_preferences';
import * as commentRevisions from './2026_12_07_000013_comment_revisions';
import * as reviewPresenceDrops from './2026_12_07_000014_review_presence_drops';
import * as messageRevisions from './2026_12_07_000015_message_revisions';

// Every migration, in order. Listed explicitly so the set is the same bundled or not.
export const migrations: Record<string, Migration> = {
	'2026_11_21_000001_create_accounts': createAccounts,
	'2026_11_21_000002_create_media_and_feedback': createMediaAndFeedback,
	'2026_11_21_000003_create_classes_and_social': createClassesAndSocial,
	'2026_12_01_000004_ordered_feeds': orderedFeeds,
	'2026_12_01_000005_stored_files': storedFiles,
	'2026_12_01_000006_video_pipeline': videoPipeline,
	'2026_12_01_000007_comment_passages': commentPassages,
	'2026_12_01_000008_relationship_rules': relationshipRules,
	'2026_12_01_000009_review_session_records': reviewSessionRecords,
	'2026_12_01_000010_comment_drawings': commentDrawings,
	'2026_12_01_000011_messaging': messaging,
	'2026_12_01_000012_notification_preferences': notificationPreferences,
	'2026_12_07_000013_comment_revisions': commentRevisions,
	'2026_12_07_000014_review_presence_drops': reviewPresenceDrops,
	'2026_12_07_000015_message_revisions': messageRevisions
};
