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
 * drop the connection: an oversized body is never read to its end nor held in memory. One instance
 * per request, its own handler and, once complete, its own body: {@link #bytes()} (at most the
 * limit) and {@link #overflow()} (whether the body went on beyond them). One class, not three: the
 * proxy jar is small and every class costs its constant pool and zip entry.
 */
final class BoundedBody
    implements HttpResponse.BodyHandler<BoundedBody>, HttpResponse.BodySubscriber<BoundedBody> {
  private final int limit;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private byte[] bytes;
  private boolean overflow;

  BoundedBody(int limit) {
    this.limit = limit;
  }

  /** The bytes read, at most the limit. */
  byte[] bytes() {
    return bytes;
  }

  /** Whether the body went on beyond {@link #bytes()}. */
  boolean overflow() {
    return overflow;
  }

  @Override
  public HttpResponse.BodySubscriber<BoundedBody> apply(HttpResponse.ResponseInfo info) {
    return this;
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
        overflow = true;
        complete();
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
    complete();
  }

  private void complete() {
    bytes = out.toByteArray();
    result.complete(this);
  }

  @Override
  public CompletionStage<BoundedBody> getBody() {
    return result;
  }
}
