import type { ReactNode } from "react";
import { errorMessageOf } from "../lib/api-error";

export function LoadingState(props: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {props.label ?? "Loading…"}
    </p>
  );
}

export function ErrorState(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>Could not load this: {errorMessageOf(props.error)}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{props.title}</p>
      {props.children}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading, then error (with retry), then the data: every query view goes through this. */
export function QueryView<T>(props: {
  query: QueryLike<T>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <LoadingState {...(props.label ? { label: props.label } : {})} />;
  if (query.data === undefined) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{props.children(query.data)}</>;
}
