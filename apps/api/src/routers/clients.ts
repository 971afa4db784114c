import {
  clientIdInput,
  clientJsonSchema,
  createClientInput,
  updateClientInput,
} from "../contract/client";
import { createClientCore, getClientCore, updateClientCore } from "../core/clients-core";
import { createTRPCRouter, scopedProcedure } from "../trpc";

export const clientsRouter = createTRPCRouter({
  create: scopedProcedure("admin")
    .meta({
      rest: {
        method: "POST",
        path: "/clients",
        summary: "Create a client",
        response: clientJsonSchema,
        status: 201,
      },
    })
    .input(createClientInput)
    .mutation(({ input, ctx }) => createClientCore(input, ctx)),

  get: scopedProcedure("admin")
    .meta({
      rest: {
        method: "GET",
        path: "/clients/{client_id}",
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
        summary: "Change a client's name or config (runs keep their config_snapshot)",
        response: clientJsonSchema,
      },
    })
    .input(updateClientInput)
    .mutation(({ input, ctx }) => updateClientCore(input, ctx)),
});
