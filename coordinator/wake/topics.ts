/** Wake topics: one for "a request became claimable", one per job for its log followers. */
export const QUEUE_TOPIC = 'queue';
export const logTopic = (jobId: string): string => `logs:${jobId}`;
