/** NEAR's FinalExecutionOutcome JSON, the parts Errand reads: status, logs, failures, return value. */
export interface OutcomeWithId {
  id: string;
  block_hash: string;
  outcome: { logs: string[]; receipt_ids: string[]; executor_id: string; status: Record<string, unknown> | string; tokens_burnt: string; gas_burnt: number };
}

export interface FinalOutcome {
  final_execution_status?: string;
  status: Record<string, unknown> | string;
  transaction_outcome: OutcomeWithId;
  receipts_outcome: OutcomeWithId[];
}

/** The first failure in the transaction (status or any receipt), with the contract's error code if it panicked. */
export function failureOf(out: FinalOutcome): { kind: string; message: string } | null {
  const statuses = [out.status, ...out.receipts_outcome.map((r) => r.outcome.status)];
  for (const st of statuses) {
    if (typeof st !== 'object' || st === null || !('Failure' in st)) continue;
    const text = JSON.stringify(st['Failure']);
    const panic = /Smart contract panicked: ((ERR_[A-Z_]+)[^"\\]*)/.exec(text);
    if (panic) return { kind: panic[2] ?? 'panic', message: panic[1] ?? text };
    const kind = /"kind":\{"(\w+)"/.exec(text)?.[1] ?? 'Failure';
    return { kind, message: text };
  }
  return null;
}

/** The transaction's return value parsed as JSON (undefined when it returned nothing). */
export function returnValue(out: FinalOutcome): unknown {
  const st = out.status;
  if (typeof st !== 'object' || st === null || typeof st['SuccessValue'] !== 'string') return undefined;
  const text = Buffer.from(st['SuccessValue'], 'base64').toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

export function allLogs(out: FinalOutcome): string[] {
  return out.receipts_outcome.flatMap((r) => r.outcome.logs);
}
