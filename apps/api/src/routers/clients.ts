import {
  clientIdInput,
  clientJsonSchema,
  clientPageJsonSchema,
  createClientInput,
  listClientsInput,
  updateClientInput,
} from "../contract/client";
import {
  createClientCore,
  getClientCore,
  listClientsCore,
  updateClientCore,
} from "../core/clients-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

export const clientsRouter = createTRPCRouter({
  create: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/clients",
        errors: ["CONFLICT"],
        summary: "Create a client",
        response: clientJsonSchema,
        status: 201,
      },
    })
    .input(createClientInput)
    .mutation(({ input, ctx }) => createClientCore(input, ctx)),

  list: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/clients",
        summary: "List clients in client_id order, a page at a time",
        response: clientPageJsonSchema,
      },
    })
    .input(listClientsInput)
    .query(({ input, ctx }) => listClientsCore(input, ctx)),

  get: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/clients/{client_id}",
        errors: ["NOT_FOUND"],
        summary: "Read a client",
        response: clientJsonSchema,
      },
    })
    .input(clientIdInput)
    .query(({ input, ctx }) => getClientCore(input, ctx)),

  update: scopedProcedure("admin")
    .meta({
      rest: {
        method: "PATCH",
        path: "/clients/{client_id}",
        errors: ["NOT_FOUND"],
        summary: "Change a client's name or config (runs keep their config_snapshot)",
        response: clientJsonSchema,
      },
    })
    .input(updateClientInput)
    .mutation(({ input, ctx }) => updateClientCore(input, ctx)),
});
