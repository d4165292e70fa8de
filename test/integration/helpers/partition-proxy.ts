/**
 * A TCP proxy in front of the API server for one client, to cut that client off as a network
 * partition would: after `partition()`, connections stay open but nothing passes either way, so its
 * requests hang (not fail) until the client gives up on its own. The API server itself stays up
 * for everyone else.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface PartitionProxy {
  /** `https://127.0.0.1:<port>`, to put in the cut-off client's kubeconfig. */
  readonly url: string;
  partition(): void;
  close(): Promise<void>;
}

export async function startPartitionProxy(target: URL): Promise<PartitionProxy> {
  const sockets = new Set<Socket>();
  let cut = false;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (cut) {
      client.pause();
      return;
    }
    const upstream = connect(Number(target.port || 443), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    // Forward until cut; after that, data is read and dropped, never delivered.
    client.on('data', (data) => (cut ? undefined : upstream.write(data)));
    upstream.on('data', (data) => (cut ? undefined : client.write(data)));
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
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
