// A leaf module: after-publication.ts calls webhooks.ts with this event, and webhooks.ts must not import it back.
export interface PublicationEvent {
  seq: number;
  itemId: string;
  kind: 'add' | 'change' | 'cancel' | 'suspend' | 'resume';
}
