/**
 * A TCP proxy in front of the API server for one client, to cut that client off as a network
 * partition would: after `partition()`, connections stay open but nothing passes either way, so its
 * requests hang (not fail) until the client gives up on its own. The API server itself stays up
 * for everyone else.
 *
 * `heal()` ends the partition for new connections only. The connections open during the cut carry
 * no data for good (bytes were dropped inside their TLS streams, so they could never carry a
 * request again; only a close still passes): a client must find that out by its own deadlines, as
 * it must after a real partition whose NAT or load-balancer state was lost.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface PartitionProxy {
  /** `https://127.0.0.1:<port>`, to put in the cut-off client's kubeconfig. */
  readonly url: string;
  partition(): void;
  /** New connections forward again; those open during the partition stay cut. */
  heal(): void;
  close(): Promise<void>;
}

export async function startPartitionProxy(target: URL): Promise<PartitionProxy> {
  const sockets = new Set<Socket>();
  /** Each connection's own switch: flipped by `partition()`, never back. */
  const links = new Set<{ cut: boolean }>();
  let cut = false;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (cut) {
      // Accepted (as a SYN through a partition is not), and then nothing: stays dead after heal.
      client.pause();
      return;
    }
    const link = { cut: false };
    links.add(link);
    const upstream = connect(Number(target.port || 443), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      links.delete(link);
    });
    // Forward until cut; after that, data is read and dropped, never delivered.
    client.on('data', (data) => (link.cut ? undefined : upstream.write(data)));
    upstream.on('data', (data) => (link.cut ? undefined : client.write(data)));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `${target.protocol}//127.0.0.1:${address.port}`,
    partition: () => {
      cut = true;
      for (const link of links) link.cut = true;
    },
    heal: () => {
      cut = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A copy of the kubeconfig file `kubeconfig` (next to it, `kubeconfig-proxied`) whose clusters are
 * reached through `proxy`: the same identity, cut off when the proxy partitions.
 */
export function kubeconfigThrough(proxy: PartitionProxy, kubeconfig: string): string {
  const throughProxy = kubeconfig.replace(/kubeconfig$/, 'kubeconfig-proxied');
  const config = JSON.parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  for (const entry of config.clusters) entry.cluster.server = proxy.url;
  writeFileSync(throughProxy, JSON.stringify(config), { mode: 0o600 });
  return throughProxy;
}
