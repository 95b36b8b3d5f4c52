// The messaging shapes the browser uses, from the one definition the server answers with.
export type { Conversation, ConversationReader, Message, MessageVideoCard } from '$lib/server/messaging/message.dto';
export type { PersonSummary } from '$lib/server/videos/video.dto';
