package dev.ratelimit.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit, then cancels the subscription, which makes the client
 * drop the connection: an oversized body is never read to its end nor held in memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Content> {
  /** The bytes read (at most the limit) and whether the body went on beyond them. */
  record Content(byte[] bytes, boolean overflow) {}

  private final int limit;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<Content> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      int room = limit - out.size();
      if (b.remaining() > room) {
        byte[] part = new byte[room];
        b.get(part);
        out.write(part, 0, room);
        result.complete(new Content(out.toByteArray(), true));
        subscription.cancel();
        return;
      }
      byte[] all = new byte[b.remaining()];
      b.get(all);
      out.write(all, 0, all.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(new Content(out.toByteArray(), false));
  }

  @Override
  public CompletionStage<Content> getBody() {
    return result;
  }
}
