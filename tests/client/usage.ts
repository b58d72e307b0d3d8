// Client code over the types GraphQL Code Generator writes from schema/api.graphql and
// examples/operations/ (tests/client/test_codegen.py): it must type-check with tsc --strict.
import type { Role } from "./schema";
import type {
  ChannelFeedQuery,
  MeQuery,
  NotificationReceivedSubscription,
  PlaceOrderMutation,
  PlaceOrderMutationVariables,
  SearchGigsQuery,
  SearchGigsQueryVariables,
  SearchProductsQuery,
  UnreadCountSubscription,
} from "./operations";

export const canSell = (roles: Role[]): boolean => roles.includes("SELLER");

export function greeting(data: MeQuery): string {
  return data.me ? `Hello, ${data.me.displayName} (${data.me.roles.join(", ")})` : "Sign in";
}

export const cheapAndQuick: SearchGigsQueryVariables = {
  query: "logo",
  filter: { maxPrice: "150", maxDeliveryDays: 7 },
  sort: "PRICE_ASC",
  first: 20,
};

export function gigTitles(data: SearchGigsQuery): string[] {
  return data.gigs.edges.map(({ node }) => `${node.title} from ${node.minPrice ?? "?"}`);
}

export const order: PlaceOrderMutationVariables = { gigId: "42", tier: "PREMIUM" };

export function placed(data: PlaceOrderMutation): string {
  const { order, errors } = data.placeOrder;
  return order ? `${order.status} ${order.package.price}` : errors.map((e) => e.code).join();
}

export function productPrices(data: SearchProductsQuery): Array<[string, string]> {
  return data.products.edges.map(({ node }) => [node.title, node.price]);
}

export function replyBodies(data: ChannelFeedQuery): string[] {
  return data.feed.edges.flatMap(({ node }) =>
    node.comments.edges.flatMap(({ node: comment }) =>
      comment.replies.edges.map(({ node: reply }) => `${reply.author?.displayName}: ${reply.body}`),
    ),
  );
}

export function describe(event: NotificationReceivedSubscription): string {
  return `${event.notificationReceived.title} by ${event.notificationReceived.actor?.displayName}`;
}

export const unread = (event: UnreadCountSubscription): number => event.unreadCountChanged + 0;
