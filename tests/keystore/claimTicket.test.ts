import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { TicketSigner } from '../../common/tickets/index.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { CONTRACT, MASTER_HEX, MEASUREMENT, TEST_TICKETS, capturedLogger, pendingRequest, ticketFor, workerKey, world } from './fixtures.ts';

const refusedTicket = (reason: RegExp) => (e: unknown) => isErrandError(e, 'KEYSTORE__CLAIM_TICKET_INVALID') && reason.test(e.context.reason);

describe('keystore: secrets only for the worker holding the execute lease (coordinator claim ticket)', () => {
  let ks: RunningKeystore | undefined;
  afterEach(async () => {
    await ks?.close();
    ks = undefined;
  });

  async function setup(settings: { coordinatorPublicKey?: string } = { coordinatorPublicKey: TEST_TICKETS.publicKeyHex }) {
    const w = world();
    ks = await startKeystore({
      ...defaultKeystoreSettings({ masterSecret: { value: MASTER_HEX }, measurementAllowlist: [MEASUREMENT], ...settings }),
      contracts: [{ reader: w.reader, contractId: CONTRACT }],
      log: capturedLogger([]),
    });
    const provider = new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: 'worker1.near', signer: w.worker.signer, measurement: MEASUREMENT });
    return { w, provider, ks };
  }

  it("a registered, attested worker without the claim is refused; with the coordinator's ticket it is served", async () => {
    const { w, provider, ks } = await setup();
    const request = pendingRequest();
    await assert.rejects(provider.fetchSecrets(request), refusedTicket(/no claim ticket/));
    const granted = await provider.fetchSecrets(request, undefined, ticketFor(w.worker.publicKey, request));
    assert.equal(granted.REGION, 'eu');
    const decisions = (await ks.audit.records()).map((r) => [r.decision, r.code ?? null]);
    assert.deepEqual(
      decisions,
      [
        ['deny', 'KEYSTORE__CLAIM_TICKET_INVALID'],
        ['grant', null],
      ],
      'the refusal is audited',
    );
  });

  it("refuses another worker's ticket, another request's, an expired one, an over-long one and a forged one", async () => {
    const { w, provider } = await setup();
    const request = pendingRequest();
    const other = workerKey();
    const cases: Array<[ReturnType<typeof ticketFor>, RegExp]> = [
      [ticketFor(other.publicKey, request), /another worker key/],
      [ticketFor(w.worker.publicKey, { ...request, requestId: '8' }), /another request/],
      [ticketFor(w.worker.publicKey, { ...request, contractId: 'other.near' }), /another request/],
      [ticketFor(w.worker.publicKey, request, { expiresAt: Date.now() - 1 }), /expired/],
      [ticketFor(w.worker.publicKey, request, { expiresAt: Date.now() + 3_600_000 }), /longer/],
      // A rogue coordinator (or anyone) without the configured key:
      [TicketSigner.generate().sign(ticketFor(w.worker.publicKey, request).claims), /not signed by the coordinator/],
      [{ ...ticketFor(w.worker.publicKey, request), signature: '00'.repeat(64) }, /not signed/],
    ];
    for (const [ticket, reason] of cases) await assert.rejects(provider.fetchSecrets(request, undefined, ticket), refusedTicket(reason), String(reason));
  });

  it('a rogue coordinator alone gets nothing: its ticket for a key that is not registered is refused at the challenge', async () => {
    await setup();
    const rogue = workerKey();
    const rogueProvider = new KeystoreSecretsProvider({
      keystoreUrl: ks!.url,
      workerAccount: 'coordinator.near',
      signer: rogue.signer,
      measurement: MEASUREMENT,
    });
    const request = pendingRequest();
    await assert.rejects(rogueProvider.fetchSecrets(request, undefined, ticketFor(rogue.publicKey, request)), (e) =>
      isErrandError(e, 'KEYSTORE__WORKER_NOT_REGISTERED'),
    );
  });

  it('a keystore without a coordinator key refuses every secrets request (fails closed)', async () => {
    const { w, provider } = await setup({});
    const request = pendingRequest();
    await assert.rejects(provider.fetchSecrets(request, undefined, ticketFor(w.worker.publicKey, request)), refusedTicket(/no coordinator key/));
  });
});
